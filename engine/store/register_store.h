/*
 * register_store.h - the dossiers of the register (Sổ theo dõi hồ sơ,
 * Mẫu 06 of Circular 01/2018/TT-VPCP, Mẫu 07 of Circular 03/2025/TT-VPCP):
 * every dossier of the session's agency received in a period, in the order
 * of receipt, read from one snapshot.
 */
#ifndef MOTCUA_REGISTER_STORE_H
#define MOTCUA_REGISTER_STORE_H

#include "store_dossier.h"

/* At most this many dossiers in one register (a longer period is refused:
 * print it month by month). */
#define MC_REGISTER_MAX 20000

/* The dossiers received in [from 00:00, to + 1 day 00:00) (Vietnam's
 * time, inclusive days), by receipt moment then code; a voided receipt
 * (logged by mistake) is not in the register. *out is malloc'd: free with
 * mc_store_register_free. MC_ERR_USAGE for an empty or too long period. */
int mc_store_register(const mc_store_ctx *s, int32_t from, int32_t to, mc_dossier_info **out,
		      size_t *n, mc_error *err);
void mc_store_register_free(mc_dossier_info *rows, size_t n);

#endif
