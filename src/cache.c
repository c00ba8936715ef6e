/* SPDX-License-Identifier: MIT */
typedef int cache_placeholder;
