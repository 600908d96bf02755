// HTTP GET through libcurl, loaded with dlopen on first use.
//
// Linking libcurl (or FoundationNetworking, which links it) makes the dynamic loader map
// libcurl and about 30 TLS, Kerberos and LDAP libraries at every start of the tool, about 7 ms,
// although only runs with a symbol server use them. Loading it on first use keeps start-up
// small; a machine without libcurl gets an error naming it when a server is asked.
#ifndef DUMPTRIAGE_CHTTP_H
#define DUMPTRIAGE_CHTTP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Receives body bytes; returns 0 to continue, anything else to stop the transfer.
typedef int (*chttp_write_fn)(const void *bytes, size_t count, void *context);

/// The outcome of one GET.
typedef struct chttp_result {
  /// 0: a response arrived (see `status`); otherwise libcurl's CURLcode, or -1 when libcurl
  /// could not be loaded.
  int code;
  /// The HTTP status of the last response (after redirects), or 0.
  long status;
  /// A description of the failure, NUL-terminated (empty on success).
  char message[256];
} chttp_result;

/// Loads libcurl if it is not loaded yet; returns 0 on success, else fills `message`.
///
/// `DUMPTRIAGE_LIBCURL`, when set, names the library to load (a path or a file name);
/// otherwise `libcurl.so.4`, `libcurl-gnutls.so.4`, `libcurl.so` and the macOS names are tried.
int chttp_load(char *message, size_t size);

/// Performs `GET url`, following up to 5 redirects (HTTP and HTTPS only).
///
/// `connect_timeout` and `idle_timeout` are seconds to wait for a connection and for progress
/// (less than one byte per second for that long ends the transfer); `total_timeout` bounds the
/// whole request. Body bytes go to `write`.
chttp_result chttp_get(
    const char *url, const char *user_agent, long connect_timeout, long idle_timeout,
    long total_timeout, chttp_write_fn write, void *context);

#ifdef __cplusplus
}
#endif

#endif
