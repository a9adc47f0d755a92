/*
 * commands.h - the subcommands of motcua, one file each (tools/cmd_*.c).
 */
#ifndef MOTCUA_COMMANDS_H
#define MOTCUA_COMMANDS_H

#include "cli.h"

extern const cli_command cmd_demo;
extern const cli_command cmd_db;
extern const cli_command cmd_calendar;
extern const cli_command cmd_catalog;
extern const cli_command cmd_receive;
extern const cli_command cmd_act;
extern const cli_command cmd_show;
extern const cli_command cmd_list;
extern const cli_command cmd_import;
extern const cli_command cmd_nightly;
extern const cli_command cmd_apology;
extern const cli_command cmd_report;
extern const cli_command cmd_generate;
extern const cli_command cmd_serve;
extern const cli_command cmd_user;
extern const cli_command cmd_token;
extern const cli_command cmd_form;
extern const cli_command cmd_register;

#endif
