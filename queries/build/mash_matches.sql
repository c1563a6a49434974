-- mash_matches: whether a contact matches the front-door dimension filters, the one
-- definition mash_figures and mash_contact_rows both use (a macro kept with the
-- database, expanded where it is called, so DuckDB still pushes the filters into the
-- scan). The first five arguments are the contact's referrer_agency, age_band,
-- primary_concern, rag_key and locality_key (mash_contacts_prepared); the last five the
-- filters' code lists, each NULL when that filter is not set.
CREATE MACRO mash_matches(agency, age_band, concern, rag, locality,
                          agency_codes, age_band_codes, concern_codes, rag_codes,
                          locality_codes) AS
    (agency_codes IS NULL OR list_contains(agency_codes, agency))
    AND (age_band_codes IS NULL OR list_contains(age_band_codes, age_band))
    AND (concern_codes IS NULL OR list_contains(concern_codes, concern))
    AND (rag_codes IS NULL OR list_contains(rag_codes, rag))
    AND (locality_codes IS NULL OR list_contains(locality_codes, locality));
