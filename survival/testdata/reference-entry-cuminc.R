# Competing exits with delayed entry (left truncation): makes cuminc-entry/cuminc.csv and
# records R's figures for it. Run from this folder: Rscript reference-entry-cuminc.R
# (R 4.2.2, survival 3.5.3). Writes, as reference.R does for its cases (states 0..3):
#   ci-log.csv, ci-log-log.csv   survfit(Surv(entry, time, factor(status, levels = 0:3)) ~ 1,
#                                 id = one per case, conf.type = ...), one row per time and state
#   ci-at.csv                     its summary at 3, 6, 12 and 24 months, both transforms
library(survival)
options(digits = 15)
wr <- function(d, f) write.csv(d, file.path("cuminc-entry", f), row.names = FALSE, quote = FALSE)

# 200 stays of organisations whose records cover the whole span (entry 0), and the stays a
# late organisation exports: admitted over six years before its first day, only those still
# open then, entered at the months from admission to that day. Exits: reintegrated (1),
# transferred (2), absconded (3); open stays censored (0). Times in tenths of a month: ties,
# and entries that fall on another case's time.
set.seed(11)
draw <- function(n) {
  len <- round(rexp(n, 1 / 10), 1) + 0.1
  data.frame(len = len, cause = sample(1:3, n, replace = TRUE, prob = c(0.6, 0.25, 0.15)))
}
w <- draw(200)
open_at <- sample(2:36, 200, replace = TRUE)
whole <- data.frame(entry = 0, time = pmin(w$len, open_at), status = ifelse(w$len <= open_at, w$cause, 0))
l <- draw(300)
adm <- round(runif(300, 0, 72), 1)
kept <- l$len > adm
seen <- 18
late <- data.frame(entry = adm[kept], time = pmin(l$len[kept], adm[kept] + seen),
                   status = ifelse(l$len[kept] <= adm[kept] + seen, l$cause[kept], 0))
d <- rbind(whole, late)
d <- d[d$entry < d$time, ]
dir.create("cuminc-entry", showWarnings = FALSE)
write.csv(d, file.path("cuminc-entry", "cuminc.csv"), row.names = FALSE, quote = FALSE)

K <- 3
at <- c(3, 6, 12, 24)
ciat <- NULL
for (ct in c("log", "log-log")) {
  g <- survfit(Surv(entry, time, factor(status, levels = 0:K)) ~ 1, data = d, id = seq_len(nrow(d)), conf.type = ct)
  stopifnot(g$states[1] == "(s0)", length(g$states) == K + 1)
  long <- NULL
  for (k in 0:K) {
    long <- rbind(long, data.frame(time = g$time, state = k, n_risk = g$n.risk[, 1],
                  n_event = g$n.event[, k + 1], n_censor = g$n.censor, p = g$pstate[, k + 1],
                  std_err = g$std.err[, k + 1], lower = g$lower[, k + 1], upper = g$upper[, k + 1]))
  }
  wr(long, paste0("ci-", ct, ".csv"))
  s <- summary(g, times = at, extend = TRUE)
  for (k in 0:K) {
    ciat <- rbind(ciat, data.frame(transform = ct, time = s$time, state = k,
                  n_risk = s$n.risk[, 1], n_event = s$n.event[, k + 1], n_censor = s$n.censor,
                  p = s$pstate[, k + 1], std_err = s$std.err[, k + 1],
                  lower = s$lower[, k + 1], upper = s$upper[, k + 1]))
  }
}
wr(ciat, "ci-at.csv")
