/** Where Keitaro sends postbacks, and the field template a user pastes after the secret. */

export const POSTBACK_PATH = '/integrations/keitaro/postback';

/**
 * Only Keitaro's own S2S placeholders: it has `{offer_id}` and `{landing_id}` but no
 * `{offer_name}` or `{landing_name}` (those came back unreplaced, so the offer and landing
 * lines never showed). URLs handed out before with the old names keep working: the endpoint
 * accepts both.
 */
export const FIELD_TEMPLATE =
  '&status={status}&tid={tid}&subid={subid}&campaign_id={campaign_id}&campaign_name={campaign_name}' +
  '&offer_id={offer_id}&landing_id={landing_id}&conversion_revenue={conversion_revenue}' +
  '&currency={currency}&country={country}&source={source}' +
  '&traffic_source_name={traffic_source_name}&ts_id={ts_id}&creative_id={creative_id}' +
  '&sub_id_1={sub_id_1}&sub_id_2={sub_id_2}';

export function postbackBaseUrl(publicBaseUrl: string, secret: string): string {
  return `${publicBaseUrl}${POSTBACK_PATH}?secret=${encodeURIComponent(secret)}`;
}

/** The one line to paste into Keitaro: works as GET, and as POST with the same URL. */
export function postbackUrl(publicBaseUrl: string, secret: string): string {
  return postbackBaseUrl(publicBaseUrl, secret) + FIELD_TEMPLATE;
}
