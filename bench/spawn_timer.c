// Runs a command and reports its wall time, from the spawn to its exit, as the last line on stderr:
// "spawn_timer: <milliseconds> ms". The suite (bench/run.mjs) times kpic through it: node's own spawnSync
// takes ~6-12 ms for /bin/true on the 2-core VM (it clones a large process and polls its pipes), a cost of
// the harness that a user starting kpic from a shell or a CI job never pays. The command inherits this
// process's standard streams and environment; the exit status is passed on (128 + signal when killed).
//
//   cc -O2 -o spawn_timer bench/spawn_timer.c     (bench/run.mjs builds it into bench/.build/)
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

extern char** environ;

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: spawn_timer COMMAND [ARG...]\n");
    return 2;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid;
  int err = posix_spawn(&pid, argv[1], NULL, NULL, argv + 1, environ);
  if (err != 0) {
    fprintf(stderr, "spawn_timer: cannot run %s: %s\n", argv[1], strerror(err));
    return 127;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      perror("spawn_timer: waitpid");
      return 1;
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
  fprintf(stderr, "spawn_timer: %.3f ms\n", ms);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1;
}
