#ifndef STOWAGE_CCURL_SHIM_H
#define STOWAGE_CCURL_SHIM_H
#include <curl/curl.h>

/* curl_easy_setopt is variadic, which Swift cannot call; these typed wrappers can be. */
static inline CURLcode stowage_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode stowage_curl_setopt_ptr(CURL *h, CURLoption o, const void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode stowage_curl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode stowage_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }

/* Callbacks are function pointers, passed through typed wrappers too. */
static inline CURLcode stowage_curl_setopt_write_fn(CURL *h, CURLoption o, curl_write_callback f) { return curl_easy_setopt(h, o, f); }
static inline CURLcode stowage_curl_setopt_read_fn(CURL *h, CURLoption o, curl_read_callback f) { return curl_easy_setopt(h, o, f); }
static inline CURLcode stowage_curl_setopt_seek_fn(CURL *h, CURLoption o, curl_seek_callback f) { return curl_easy_setopt(h, o, f); }
static inline CURLcode stowage_curl_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
#endif
