/**
 * Time zones are shown as the city people know ("14:00 Rome time"). The zones
 * of the academies and of the coaches have a translated city name in the
 * catalogues; any other zone falls back to the city in its IANA name.
 */
export const ZONE_CITY_KEYS: Readonly<Record<string, string>> = {
  'Europe/Rome': 'city.rome',
  'Europe/Belgrade': 'city.belgrade',
  'America/Toronto': 'city.toronto',
  'Asia/Karachi': 'city.karachi',
  'Africa/Lagos': 'city.lagos',
  'Australia/Sydney': 'city.sydney',
  'Europe/Kyiv': 'city.kyiv',
  'Europe/London': 'city.london',
  'Europe/Vienna': 'city.vienna',
};

/** "America/Argentina/Buenos_Aires" → "Buenos Aires". */
export function cityOfZone(zone: string): string {
  const last = zone.split('/').pop() ?? zone;
  return last.replace(/_/g, ' ');
}
