/* SPDX-License-Identifier: MIT */
typedef int scan_placeholder;
