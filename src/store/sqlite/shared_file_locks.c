/*
 * System calls for our copy of SQLite that let it share a database file with another copy of
 * SQLite in this process (better-sqlite3's, node:sqlite's) without either losing data.
 *
 * SQLite's unix VFS locks with POSIX advisory locks (fcntl F_SETLK). Those belong to the
 * process: the other copy's locks never conflict with ours, and a close() of the file by either
 * copy drops every POSIX lock the process holds on it. Both copies then write at once, and one
 * deletes the WAL the other still uses. SQLite documents this as a way to corrupt a database
 * ("multiple copies of SQLite linked into the same application").
 *
 * On Linux (3.15 and later), open-file-description locks belong to the open file instead: they
 * conflict with POSIX locks even within one process, and no other descriptor's close() releases
 * them. So our copy takes OFD locks (auth_ingest_fcntl), and it keeps open a file that another
 * descriptor of this process still refers to instead of closing it (auth_ingest_close), since
 * that close() would drop the other copy's POSIX locks. Such a descriptor is closed later, once
 * nothing else in the process has that file open.
 *
 * OFD locks belong to the descriptor that took them, so one connection of ours per database
 * file (SQLite's in-process lock sharing assumes process-wide locks): the store keeps one.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__linux__) && defined(F_OFD_SETLK)
#define HAVE_OFD_LOCKS 1
#else
#define HAVE_OFD_LOCKS 0
#endif

/* Set when the kernel refused OFD locks (before 3.15): POSIX locks, as SQLite takes them. */
static volatile int ofd_unsupported = 0;

int auth_ingest_fcntl(int fd, int command, ...) {
  va_list arguments;
  va_start(arguments, command);
  void *argument = va_arg(arguments, void *); /* as libc's own fcntl reads it */
  va_end(arguments);
#if HAVE_OFD_LOCKS
  int ofd_command = command == F_SETLK    ? F_OFD_SETLK
                    : command == F_SETLKW ? F_OFD_SETLKW
                    : command == F_GETLK  ? F_OFD_GETLK
                                          : 0;
  if (ofd_command != 0 && !ofd_unsupported) {
    struct flock *lock = argument;
    lock->l_pid = 0; /* required of OFD requests */
    int result = fcntl(fd, ofd_command, lock);
    if (result == 0 || errno != EINVAL) return result;
    ofd_unsupported = 1;
  }
#endif
  return fcntl(fd, command, argument);
}

/* Descriptors of ours kept open because another descriptor had the same file open. */
static pthread_mutex_t parked_lock = PTHREAD_MUTEX_INITIALIZER;
static int *parked = NULL;
static size_t parked_count = 0, parked_capacity = 0;

static int is_parked(int fd) {
  for (size_t i = 0; i < parked_count; i++)
    if (parked[i] == fd) return 1;
  return 0;
}

/* Whether a descriptor of this process other than `fd` (and other than the parked ones, which
 * are ours and hold no lock) refers to the file `file`. */
static int open_elsewhere(int fd, const struct stat *file) {
  DIR *directory = opendir("/proc/self/fd");
  if (directory == NULL) return 1; /* cannot tell: keep it open, the safe side */
  int found = 0;
  struct dirent *entry;
  while (!found && (entry = readdir(directory)) != NULL) {
    char *end;
    long other = strtol(entry->d_name, &end, 10);
    if (*end != '\0' || end == entry->d_name) continue;
    if (other == fd || other == dirfd(directory) || is_parked((int)other)) continue;
    struct stat status;
    if (fstat((int)other, &status) == 0 && status.st_dev == file->st_dev &&
        status.st_ino == file->st_ino)
      found = 1;
  }
  closedir(directory);
  return found;
}

/* Closes the parked descriptors whose file nothing else in the process has open any more. */
static void close_released(void) {
  size_t kept = 0;
  for (size_t i = 0; i < parked_count; i++) {
    struct stat file;
    int fd = parked[i];
    if (fstat(fd, &file) == 0 && open_elsewhere(fd, &file))
      parked[kept++] = fd;
    else
      close(fd);
  }
  parked_count = kept;
}

static int park(int fd) {
  if (parked_count == parked_capacity) {
    size_t capacity = parked_capacity ? parked_capacity * 2 : 8;
    int *grown = realloc(parked, capacity * sizeof *parked);
    if (grown == NULL) return 0;
    parked = grown;
    parked_capacity = capacity;
  }
  parked[parked_count++] = fd;
  return 1;
}

int auth_ingest_close(int fd) {
  pthread_mutex_lock(&parked_lock);
  struct stat file;
  int result;
  if (fstat(fd, &file) == 0 && S_ISREG(file.st_mode) && open_elsewhere(fd, &file) && park(fd)) {
    result = 0;
  } else {
    result = close(fd);
  }
  close_released();
  pthread_mutex_unlock(&parked_lock);
  return result;
}

/* How many of our descriptors are parked (for tests). */
size_t auth_ingest_parked_descriptors(void) {
  pthread_mutex_lock(&parked_lock);
  close_released();
  size_t count = parked_count;
  pthread_mutex_unlock(&parked_lock);
  return count;
}

int auth_ingest_has_ofd_locks(void) { return HAVE_OFD_LOCKS && !ofd_unsupported; }
