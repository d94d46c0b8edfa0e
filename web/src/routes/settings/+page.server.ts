import { fail } from "@sveltejs/kit";
import { profileForm } from "#lib/display-name.ts";
import { peopleOf, saveProfile } from "#lib/server/profiles.ts";
import { limitWrite } from "#lib/server/quota.ts";
import { telegramLink, telegramLinkAvailable } from "#lib/server/telegram-link.ts";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals }) => {
  const people = locals.user ? await peopleOf([locals.user.address]) : {};
  const me = locals.user ? people[locals.user.address.toLowerCase()] : undefined;
  return {
    signedIn: Boolean(locals.user),
    telegramAvailable: telegramLinkAvailable(),
    people,
    profile: { name: me?.name ?? "", avatar: me?.avatar?.replace("/media/", "") ?? "" },
  };
};

export const actions: Actions = {
  /** A fresh one-time link token for the signed-in wallet (docs/PROTOCOL.md, link tokens), valid ten minutes. */
  telegram: ({ locals }) => {
    if (!locals.user) return fail(401, { error: "sign_in_required" });
    return telegramLink(locals.user.address) ?? fail(503, { error: "telegram_unavailable" });
  },
  /** Sets the wallet's display name and avatar (empty values clear them); rate-limited like every write. */
  profile: async (event) => {
    const { locals, request } = event;
    if (!locals.user) return fail(401, { error: "sign_in_required" });
    const form = await request.formData();
    const raw = { name: String(form.get("name") ?? ""), avatar: String(form.get("avatar") ?? "") };
    const parsed = profileForm.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path[0] === "avatar" ? "avatar" : "name";
      return fail(400, { profileError: issue?.message ?? "bad_avatar", field, name: raw.name });
    }
    const limited = await limitWrite(event, "settings/profile", locals.user.address);
    if (limited) return fail(429, { profileError: "rate_limited", field: "name", name: raw.name });
    const saved = await saveProfile(locals.user.address, parsed.data.name, parsed.data.avatar);
    if (!saved.ok) return fail(400, { profileError: saved.error, field: saved.field, name: raw.name });
    return { profileSaved: true };
  },
};
