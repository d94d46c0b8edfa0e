/** Uploads one picture to the media store; answers its sha-256, or throws with the message key. */
export async function upload(file: File): Promise<string> {
  const response = await fetch("/media/upload", {
    method: "POST",
    body: file,
    headers: { "content-type": "application/octet-stream" },
  });
  const body = (await response.json().catch(() => ({}))) as { hash?: string; error?: string };
  if (!response.ok || !body.hash) {
    throw Object.assign(new Error(body.error ?? "upload"), {
      field: "images",
      key:
        response.status === 415
          ? "sell.error.imageType"
          : response.status === 413
            ? "sell.error.imageSize"
            : "sell.error.upload",
    });
  }
  return body.hash;
}
