/*
 * fuzz_ballot_name.c - libFuzzer harness for ballot names: ballot_name_normalize and
 * ballot_name_find over free text.
 * The body is fuzz_ballot_name() in harness.h (shared with tests/test_fuzz_regressions.c).
 */
#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_ballot_name(data, size);
}
