// See include/chttp.h. libcurl's ABI is stable (soname libcurl.so.4 since 2006); the option and
// info numbers below are those of curl/curl.h, which is not needed to build.
#include "chttp.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void CURL;
typedef int (*curl_global_init_fn)(long flags);
typedef CURL *(*curl_easy_init_fn)(void);
typedef int (*curl_easy_setopt_fn)(CURL *handle, int option, ...);
typedef int (*curl_easy_perform_fn)(CURL *handle);
typedef int (*curl_easy_getinfo_fn)(CURL *handle, int info, ...);
typedef void (*curl_easy_cleanup_fn)(CURL *handle);
typedef const char *(*curl_easy_strerror_fn)(int code);

enum {
  CURL_GLOBAL_DEFAULT = 3,
  CURLOPT_WRITEDATA = 10001,
  CURLOPT_URL = 10002,
  CURLOPT_ERRORBUFFER = 10010,
  CURLOPT_TIMEOUT = 13,
  CURLOPT_LOW_SPEED_LIMIT = 19,
  CURLOPT_LOW_SPEED_TIME = 20,
  CURLOPT_USERAGENT = 10018,
  CURLOPT_WRITEFUNCTION = 20011,
  CURLOPT_FOLLOWLOCATION = 52,
  CURLOPT_MAXREDIRS = 68,
  CURLOPT_CONNECTTIMEOUT = 78,
  CURLOPT_NOSIGNAL = 99,
  CURLOPT_PROTOCOLS = 181,
  CURLOPT_REDIR_PROTOCOLS = 182,
  CURLPROTO_HTTP = 1,
  CURLPROTO_HTTPS = 2,
  CURLINFO_RESPONSE_CODE = 0x200000 + 2,
  CURL_ERROR_SIZE = 256,
};

static struct {
  curl_global_init_fn global_init;
  curl_easy_init_fn init;
  curl_easy_setopt_fn setopt;
  curl_easy_perform_fn perform;
  curl_easy_getinfo_fn getinfo;
  curl_easy_cleanup_fn cleanup;
  curl_easy_strerror_fn strerror;
  char error[200];
  int loaded;
} curl;

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
  static const char *const names[] = {
      "libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so", "libcurl.4.dylib", "libcurl.dylib",
  };
  void *library = NULL;
  const char *chosen = getenv("DUMPTRIAGE_LIBCURL");
  if (chosen != NULL && chosen[0] != 0) {
    library = dlopen(chosen, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
      const char *why = dlerror();
      snprintf(
          curl.error, sizeof curl.error, "libcurl could not be loaded from DUMPTRIAGE_LIBCURL=%s: %s",
          chosen, why != NULL ? why : "unknown error");
      return;
    }
  }
  for (size_t i = 0; i < sizeof names / sizeof names[0] && library == NULL; i++) {
    library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
  }
  if (library == NULL) {
    snprintf(
        curl.error, sizeof curl.error,
        "libcurl is not installed (libcurl.so.4 not found); symbol servers need it");
    return;
  }
  curl.global_init = (curl_global_init_fn)dlsym(library, "curl_global_init");
  curl.init = (curl_easy_init_fn)dlsym(library, "curl_easy_init");
  curl.setopt = (curl_easy_setopt_fn)dlsym(library, "curl_easy_setopt");
  curl.perform = (curl_easy_perform_fn)dlsym(library, "curl_easy_perform");
  curl.getinfo = (curl_easy_getinfo_fn)dlsym(library, "curl_easy_getinfo");
  curl.cleanup = (curl_easy_cleanup_fn)dlsym(library, "curl_easy_cleanup");
  curl.strerror = (curl_easy_strerror_fn)dlsym(library, "curl_easy_strerror");
  if (!curl.global_init || !curl.init || !curl.setopt || !curl.perform || !curl.getinfo ||
      !curl.cleanup || !curl.strerror) {
    snprintf(curl.error, sizeof curl.error, "libcurl lacks the easy interface");
    return;
  }
  // Not thread-safe in older libcurl versions: done once, here, under pthread_once.
  if (curl.global_init(CURL_GLOBAL_DEFAULT) != 0) {
    snprintf(curl.error, sizeof curl.error, "libcurl could not be initialised");
    return;
  }
  curl.loaded = 1;
}

int chttp_load(char *message, size_t size) {
  pthread_once(&once, load);
  if (curl.loaded) return 0;
  if (message != NULL && size > 0) snprintf(message, size, "%s", curl.error);
  return -1;
}

typedef struct {
  chttp_write_fn write;
  void *context;
} sink;

static size_t on_body(char *bytes, size_t size, size_t count, void *user) {
  sink *target = (sink *)user;
  size_t total = size * count;
  return target->write(bytes, total, target->context) == 0 ? total : 0;
}

chttp_result chttp_get(
    const char *url, const char *user_agent, long connect_timeout, long idle_timeout,
    long total_timeout, chttp_write_fn write, void *context) {
  chttp_result result;
  memset(&result, 0, sizeof result);
  if (chttp_load(result.message, sizeof result.message) != 0) {
    result.code = -1;
    return result;
  }
  CURL *handle = curl.init();
  if (handle == NULL) {
    result.code = -1;
    snprintf(result.message, sizeof result.message, "libcurl could not create a request");
    return result;
  }
  char error[CURL_ERROR_SIZE];
  error[0] = 0;
  sink target = {write, context};
  long protocols = CURLPROTO_HTTP | CURLPROTO_HTTPS;
  curl.setopt(handle, CURLOPT_URL, url);
  curl.setopt(handle, CURLOPT_USERAGENT, user_agent);
  curl.setopt(handle, CURLOPT_ERRORBUFFER, error);
  curl.setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl.setopt(handle, CURLOPT_FOLLOWLOCATION, 1L);
  curl.setopt(handle, CURLOPT_MAXREDIRS, 5L);
  curl.setopt(handle, CURLOPT_PROTOCOLS, protocols);
  curl.setopt(handle, CURLOPT_REDIR_PROTOCOLS, protocols);
  curl.setopt(handle, CURLOPT_CONNECTTIMEOUT, connect_timeout);
  curl.setopt(handle, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl.setopt(handle, CURLOPT_LOW_SPEED_TIME, idle_timeout);
  curl.setopt(handle, CURLOPT_TIMEOUT, total_timeout);
  curl.setopt(handle, CURLOPT_WRITEFUNCTION, on_body);
  curl.setopt(handle, CURLOPT_WRITEDATA, &target);
  result.code = curl.perform(handle);
  curl.getinfo(handle, CURLINFO_RESPONSE_CODE, &result.status);
  if (result.code != 0) {
    snprintf(
        result.message, sizeof result.message, "%s", error[0] ? error : curl.strerror(result.code));
  }
  curl.cleanup(handle);
  return result;
}
