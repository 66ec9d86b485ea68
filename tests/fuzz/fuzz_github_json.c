/*
 * fuzz_github_json.c - libFuzzer harness for GitHub JSON import: github_parse_items, which import
 * github and sync github use to turn a body into items.
 * The body is fuzz_github_json() in harness.h (shared with tests/test_fuzz_regressions.c).
 */
#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_github_json(data, size);
}
