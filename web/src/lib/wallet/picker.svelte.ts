// The wallet picker, opened from the header or from a page's "Connect wallet to bid" button. The
// picker and everything behind it (@wagmi/core, viem) load only when it is first asked for.
import type { Component } from "svelte";

export type PickerProps = {
  onclose: () => void;
  onsignedin: (address: `0x${string}`) => Promise<void> | void;
};

export const picker = $state<{ Dialog: Component<PickerProps> | null; loading: boolean }>({
  Dialog: null,
  loading: false,
});

/** Loads the picker (once) and shows it; the header's AccountMenu renders it. */
export async function openWalletPicker(): Promise<void> {
  picker.loading = true;
  try {
    picker.Dialog = (await import("./WalletDialog.svelte")).default;
  } finally {
    picker.loading = false;
  }
}

export function closeWalletPicker(): void {
  picker.Dialog = null;
}
