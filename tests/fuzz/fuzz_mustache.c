/*
 * fuzz_mustache.c - libFuzzer harness for the Mustache engine: template, data and partials split
 * from the input.
 * The body is fuzz_mustache() in harness.h (shared with tests/test_fuzz_regressions.c).
 */
#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_mustache(data, size);
}
