/**
 * Residents sometimes write their phone or e-mail into the description; public views must not
 * show them. Replace anything that looks like a phone number or an e-mail address.
 */
const email = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
// +7 917 123-45-67, 8(917)1234567, 89171234567, 123-45-67 …: 7+ digits with separators.
const phone = /(?:\+?\d[\s\-().]{0,3}){7,15}\d/g;

export function redactContacts(text: string): string {
  return text.replace(email, '[скрыто]').replace(phone, '[скрыто]');
}
