/* SPDX-License-Identifier: MIT */
typedef int config_placeholder;
