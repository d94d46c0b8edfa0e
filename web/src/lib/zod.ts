/**
 * zod for code that runs in the browser. zod 4 probes `new Function("")` to decide whether it may
 * compile fast parsers; under our Content-Security-Policy (no 'unsafe-eval') that probe is a CSP
 * violation, so it is switched off here, before any schema is used.
 */
import { z } from "zod";

z.config({ jitless: true });

export { z };
