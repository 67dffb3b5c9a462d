/** Where Keitaro sends postbacks, and the field template a user pastes after the secret. */

export const POSTBACK_PATH = '/integrations/keitaro/postback';

export const FIELD_TEMPLATE =
  '&status={status}&tid={tid}&subid={subid}&campaign_id={campaign_id}&campaign_name={campaign_name}' +
  '&offer_name={offer_name}&landing_name={landing_name}&conversion_revenue={conversion_revenue}' +
  '&currency={currency}&country={country}&source={source}&creative_id={creative_id}' +
  '&sub_id_1={sub_id_1}&sub_id_2={sub_id_2}';

export function postbackBaseUrl(publicBaseUrl: string, secret: string): string {
  return `${publicBaseUrl}${POSTBACK_PATH}?secret=${encodeURIComponent(secret)}`;
}

/** The one line to paste into Keitaro: works as GET, and as POST with the same URL. */
export function postbackUrl(publicBaseUrl: string, secret: string): string {
  return postbackBaseUrl(publicBaseUrl, secret) + FIELD_TEMPLATE;
}
