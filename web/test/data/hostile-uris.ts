// Links that try to run script in every disguise; the unit test of the link rule and the browser
// test (which puts each on chain as dispute evidence and clicks it) share this list.
/** Evidence URIs that must never become a link (each one a dispute on chain). */
export const hostileUris: [name: string, uri: string][] = [
  ["plain javascript:", "javascript:alert(document.domain)"],
  ["mixed case", "JaVaScRiPt:alert(document.domain)"],
  ["leading spaces", "   javascript:alert(document.domain)"],
  ["leading control characters", "\u0001\u0008\u001fjavascript:alert(document.domain)"],
  ["tab and line breaks inside the scheme", "java\tscr\nipt\r:alert(document.domain)"],
  ["decimal HTML entity", "&#106;avascript:alert(document.domain)"],
  ["hex HTML entities", "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)"],
  ["named entity colon", "javascript&colon;alert(document.domain)"],
  ["vbscript:", "vbscript:msgbox(document.domain)"],
  ["data:text/html", "data:text/html,<script>alert(document.domain)</script>"],
  ["data:text/html;base64", "data:text/html;base64,PHNjcmlwdD5hbGVydChkb2N1bWVudC5kb21haW4pPC9zY3JpcHQ+"],
  [
    "data:image/svg+xml with onload",
    "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
  ],
  ["protocol-relative", "//evil.example/steal"],
  ["plain http:", "http://evil.example/steal"],
  ["https: behind a space", " https://evil.example/steal"],
];
