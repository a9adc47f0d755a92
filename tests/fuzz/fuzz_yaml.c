/*
 * libFuzzer target: the strict YAML loader and the procedure schema on top
 * of it (any input: an error or a procedure, never a crash or a leak).
 */
#include "catalog.h"
#include "yamldoc.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mc_ydoc *doc = NULL;
	mc_error err;
	if (mc_ydoc_parse(&doc, "fuzz.yaml", (const char *)data, size, &err) == MC_OK)
		mc_ydoc_free(doc);
	mc_procedure p;
	if (mc_procedure_parse(&p, "fuzz.yaml", (const char *)data, size, NULL, &err) == MC_OK)
		mc_procedure_clear(&p);
	return 0;
}
