/*
 * fuzz_markdown.c - libFuzzer harness for Markdown extraction: md_split, the UTF-8 check,
 * headings, anchors and extract_section over every section (tables, requirements, dated phrases).
 * The body is fuzz_markdown() in harness.h (shared with tests/test_fuzz_regressions.c).
 */
#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_markdown(data, size);
}
