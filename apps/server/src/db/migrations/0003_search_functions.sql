-- unaccent() is STABLE (it reads a dictionary), so it cannot appear in an index or a generated column.
-- This wrapper names the dictionary explicitly and is declared IMMUTABLE, the usual PostgreSQL idiom.
CREATE OR REPLACE FUNCTION crm_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
