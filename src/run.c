/* SPDX-License-Identifier: MIT */
typedef int run_placeholder;
