/**
 * The web app's join page of a session. Mails, calendar files and feeds carry
 * this, never the room: the room's URL (with a token, under jitsi-jwt) is a
 * bearer secret that only the join endpoint gives to the session's two people,
 * and only around the session's time.
 */
export function joinPageUrl(publicUrl: string, sessionId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/sessions/${sessionId}/join`;
}
