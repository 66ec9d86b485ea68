/*
 * fuzz_state.c - libFuzzer harness for `import state`: state_import, which checks a
 * state file with the commands' checks (tracker/valid.h, when.h) and writes it.
 * The body is fuzz_state() in harness.h (shared with tests/test_fuzz_regressions.c).
 */
#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_state(data, size);
}
