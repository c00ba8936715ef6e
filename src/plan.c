/* SPDX-License-Identifier: MIT */
typedef int plan_placeholder;
