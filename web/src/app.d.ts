// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Locals {
      /** Id of the request, repeated in every log line about it. */
      requestId: string;
    }
  }
}

export {};
