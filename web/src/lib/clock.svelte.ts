/**
 * "Now" by the chain's clock in a component: the server's reading when the page loaded (a local
 * chain may run ahead of the wall clock), ticking on with the browser's clock every `everyMs`.
 * Call during component initialisation; read `.now` in markup or `$derived`.
 */
export function chainClock(serverNow: () => number, everyMs = 1000): { readonly now: number } {
  let wall = $state(Date.now() / 1000);
  const offset = $derived(serverNow() - Date.now() / 1000);
  $effect(() => {
    const timer = setInterval(() => {
      wall = Date.now() / 1000;
    }, everyMs);
    return () => clearInterval(timer);
  });
  return {
    get now() {
      return Math.floor(wall + offset);
    },
  };
}
