/*
 * fuzz_token_url.c - libFuzzer harness for the token and URL checks:
 * github_token_valid/github_token_check, url_is_web, the API URLs a token
 * may be sent to (github_client_new), Markdown links on a page and the
 * calendar's URL property.
 * The body is fuzz_token_url() in harness.h (shared with tests/test_fuzz_regressions.c).
 */
#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_token_url(data, size);
}
