-- Public appeal numbers (KZN-2026-000123) come from one sequence per municipality and year.
-- A sequence never blocks concurrent intake (a counter row would serialise it); a number lost to a
-- rolled-back transaction leaves a gap, which public numbering tolerates.
CREATE FUNCTION next_appeal_number(municipality integer, year integer) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  seq text := format('appeal_number_%s_%s', municipality, year);
BEGIN
  RETURN nextval(seq);
EXCEPTION WHEN undefined_table THEN
  BEGIN
    EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', seq);
  EXCEPTION WHEN unique_violation OR duplicate_table THEN
    NULL; -- another transaction created it at the same moment
  END;
  RETURN nextval(seq);
END
$$;
