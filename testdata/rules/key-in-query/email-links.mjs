// Links the account service sends by e-mail and chat: password resets,
// invitations, address verification and magic sign-in links carry a one-time
// token by design; the weekly digest and the Slack alert did not need a key.
import crypto from 'node:crypto';
import { mailer } from './mailer.js';
import { tokens } from './tokens.js';

const base = process.env.PUBLIC_URL;

export async function sendPasswordReset(user) {
  const resetToken = await tokens.issueOneTime(user.id, 'reset', { ttlMinutes: 30 });
  // ok: key-in-query -- a password-reset link built for e-mail
  const link = `${base}/reset?token=${resetToken}`;
  await mailer.send(user.email, 'reset-password', { link });
}

export async function sendInvitation(team, email) {
  const inviteToken = await tokens.issueOneTime(email, 'invite', { ttlDays: 7 });
  // ok: key-in-query -- an invitation link
  const link = `${base}/teams/${team.id}/join?token=${inviteToken}`;
  await mailer.send(email, 'invitation', { team: team.name, link });
}

export async function sendVerification(user) {
  const verificationToken = await tokens.issueOneTime(user.id, 'verify-email');
  // ok: key-in-query -- an address-verification link
  const link = `${base}/verify-email?token=${verificationToken}&email=${encodeURIComponent(user.email)}`;
  await mailer.send(user.email, 'verify-email', { link });
}

export async function sendMagicLink(email) {
  const magicToken = await tokens.issueOneTime(email, 'magic-link', { ttlMinutes: 15 });
  // ok: key-in-query -- a magic sign-in link
  const link = base + '/auth/magic?token=' + magicToken;
  await mailer.send(email, 'magic-link', { link });
}

export async function sendPasswordResetV2(user) {
  const token = await tokens.issueOneTime(user.id, 'reset', { ttlMinutes: 30 });
  // ok: key-in-query -- the same password-reset link, its token under a plain name
  const link = `${base}/reset-password?token=${token}`;
  await mailer.send(user.email, 'reset-password', { link });
}

export async function sendInvitationFromApi(invitation) {
  const url = new URL(`${base}/invitations/accept`);
  // ok: key-in-query -- an invitation token set on the link's URL
  url.searchParams.set('invitation_token', invitation.token);
  await mailer.send(invitation.email, 'invitation', { link: url.href });
}

// The weekly digest linked to the dashboard with the account's API key, which
// does not expire and ends up in mail archives and the browser's history.
export async function sendDigest(account) {
  // expect: key-in-query -- a long-lived key is not a one-time token
  const link = `${base}/dashboard?api_key=${account.apiKey}`;
  await mailer.send(account.ownerEmail, 'digest', { link });
}

// Alerts go to Slack through the Web API.
export async function postAlert(channel, text) {
  const res = await fetch(
    // expect: key-in-query -- the bot token in the URL of an outbound call
    `https://slack.com/api/chat.postMessage?channel=${channel}&token=${process.env.SLACK_BOT_TOKEN}&text=${encodeURIComponent(text)}`,
    { method: 'POST' },
  );
  return res.json();
}

export async function postAlertV2(channel, text) {
  // ok: key-in-query -- the token goes in the Authorization header
  const res = await fetch(`https://slack.com/api/chat.postMessage?channel=${channel}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${process.env.SLACK_BOT_TOKEN}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ text }),
  });
  return res.json();
}

// The unsubscribe footer: a pre-signed link, no key.
export function unsubscribeLink(subscriberId) {
  const sig = crypto
    .createHmac('sha256', process.env.UNSUBSCRIBE_LINK_SECRET)
    .update(subscriberId)
    .digest('hex');
  // ok: key-in-query -- the signature of a signed link
  return `${base}/unsubscribe?subscriber=${subscriberId}&sig=${sig}`;
}

// The support inbox forwards tickets to the helpdesk with our API key.
export async function forwardTicket(ticket) {
  const url = new URL('https://helpdesk.example.com/api/v2/tickets');
  // expect: key-in-query -- the helpdesk's key, appended to the URL
  url.searchParams.append('apikey', process.env.HELPDESK_API_KEY);
  return fetch(url, { method: 'POST', body: JSON.stringify(ticket) });
}
