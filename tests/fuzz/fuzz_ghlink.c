/*
 * fuzz_ghlink.c - libFuzzer harness for GitHub change links in minutes:
 * ghlink_parse, ghlink_is_change and mentions_parse (a minutes post's links
 * and IP review ends).
 * The body is fuzz_ghlink() in harness.h (shared with tests/test_fuzz_regressions.c).
 */
#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_ghlink(data, size);
}
