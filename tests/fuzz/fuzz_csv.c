/*
 * libFuzzer target: the RFC 4180 reader behind `motcua import`.
 */
#include "csv.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mc_csv c;
	const char *f[MC_CSV_MAX_FIELDS];
	size_t n;
	int line, got;
	mc_error err;
	mc_csv_init(&c, "fuzz.csv", (const char *)data, size);
	while ((got = mc_csv_next(&c, f, &n, &line, &err)) == 1)
		for (size_t i = 0; i < n; i++)
			(void)f[i][0];
	mc_csv_free(&c);
	return 0;
}
