/* SPDX-License-Identifier: MIT */
typedef int commit_placeholder;
