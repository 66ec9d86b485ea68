/*
 * fuzz_datephrase.c - libFuzzer harness for dates: datephrase_find, datephrase_parse_date,
 * ct_date_parse_strict, when_parse_day, when_parse_at and ct_duration_parse.
 * The body is fuzz_datephrase() in harness.h (shared with tests/test_fuzz_regressions.c).
 */
#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_datephrase(data, size);
}
