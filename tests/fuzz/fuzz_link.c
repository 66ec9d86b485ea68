/*
 * fuzz_link.c - libFuzzer harness for the Link header parser github_link_find, and
 * github_repo_from_url / github_repo_name_valid.
 * The body is fuzz_link() in harness.h (shared with tests/test_fuzz_regressions.c).
 */
#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_link(data, size);
}
