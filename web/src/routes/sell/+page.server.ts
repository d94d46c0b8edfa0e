import { MEDIA_MAX_BYTES } from "$app/env/private";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = () => ({ maxImageBytes: MEDIA_MAX_BYTES });
