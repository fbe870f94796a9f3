// Human labels for Stripe's account requirement keys (`requirements.currently_due` and
// friends). Pure: the Connect card imports it on the client. Stripe lists a key under several
// headings at once (currently due and past due), so the list is de-duplicated by label.

const LABELS: Record<string, string> = {
  "business_profile.mcc": "Business category",
  "business_profile.url": "Business website",
  "business_profile.name": "Business name",
  "business_profile.product_description": "Description of what you sell",
  "business_profile.support_phone": "Support phone number",
  "business_type": "Business type",
  "external_account": "Bank account for payouts",
  "tos_acceptance.date": "Acceptance of Stripe's terms of service",
  "tos_acceptance.ip": "Acceptance of Stripe's terms of service",
  "company.name": "Company name",
  "company.tax_id": "Company tax ID",
  "company.phone": "Company phone number",
  "company.address.line1": "Company address",
  "company.address.city": "Company address",
  "company.address.postal_code": "Company address",
  "company.address.state": "Company address",
  "company.owners_provided": "Company owners",
  "company.directors_provided": "Company directors",
  "company.executives_provided": "Company executives",
  "company.verification.document": "Company verification document",
  "individual.first_name": "Your first name",
  "individual.last_name": "Your last name",
  "individual.email": "Your e-mail address",
  "individual.phone": "Your phone number",
  "individual.dob.day": "Your date of birth",
  "individual.dob.month": "Your date of birth",
  "individual.dob.year": "Your date of birth",
  "individual.address.line1": "Your address",
  "individual.address.city": "Your address",
  "individual.address.postal_code": "Your address",
  "individual.address.state": "Your address",
  "individual.ssn_last_4": "Last 4 digits of your SSN",
  "individual.id_number": "Your ID number",
  "individual.verification.document": "Identity document",
  "individual.verification.additional_document": "Additional identity document",
  "representative.first_name": "Representative's first name",
  "representative.last_name": "Representative's last name",
  "settings.payments.statement_descriptor": "Statement descriptor",
};

const PREFIXES: [string, string][] = [
  ["company.", "Company"],
  ["individual.", "Your"],
  ["representative.", "Representative's"],
  ["business_profile.", "Business"],
  ["settings.", "Setting:"],
];

/** A readable label for a key Stripe may add later: "person_abc.relationship.title" → "Person relationship title". */
function fallbackLabel(key: string): string {
  let rest = key;
  let prefix = "";
  for (const [p, label] of PREFIXES) {
    if (key.startsWith(p)) {
      rest = key.slice(p.length);
      prefix = label;
      break;
    }
  }
  // person_1AbC.first_name → person first name: the id part means nothing to a reader
  const words = rest
    .split(/[._]/)
    .filter((w) => w && !/\d/.test(w))
    .join(" ")
    .toLowerCase();
  const text = [prefix, words].filter(Boolean).join(" ") || key;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function requirementLabel(key: string): string {
  return LABELS[key] ?? fallbackLabel(key);
}

/** Each thing Stripe still needs, once, in Stripe's order. */
export function requirementLabels(keys: readonly string[]): string[] {
  return [...new Set(keys.map(requirementLabel))];
}
