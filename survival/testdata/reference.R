# Records R's figures for every case folder holding a data.csv (columns
# time, status, group; status 0 = censored, k > 0 = ended by cause k).
# Run from this folder: Rscript reference.R   (R 4.2.2, survival 3.5.3)
# Writes, per case:
#   km-log.csv, km-log-log.csv   survfit(Surv(time, status > 0) ~ 1, conf.type = ...)
#                                 one row per distinct time; std_err is fit$std.err (of log S)
#   km-at.csv                     summary(fit, times = c(3, 6, 12, 24), extend = TRUE),
#                                 both transforms; std_err is summary's (of S)
#   ci-log.csv, ci-log-log.csv   survfit(Surv(time, factor(status, levels = 0:K)) ~ 1),
#                                 long: one row per distinct time and state (state 0 = "(s0)")
#   ci-at.csv                     its summary at the same fixed times, both transforms
#   km-mean.csv                   summary(fit, rmean = tau)$table for tau 12, 24 and 36:
#                                 rmean, se(rmean), median
#   logrank.csv                   survdiff(Surv(time, status > 0) ~ group): per group n, obs, exp
#   logrank-var.csv               survdiff's var, row-major (group_row, group_col, var)
#   logrank-test.csv              chisq, df, p
library(survival)
options(digits = 15)
at <- c(3, 6, 12, 24)
wr <- function(d, case, f) write.csv(d, file.path(case, f), row.names = FALSE, quote = FALSE)
for (case in dirname(list.files(".", pattern = "^data.csv$", recursive = TRUE))) {
  d <- read.csv(file.path(case, "data.csv"), colClasses = c("numeric", "integer", "character"))
  K <- max(d$status)
  kmat <- NULL
  ciat <- NULL
  for (ct in c("log", "log-log")) {
    f <- survfit(Surv(time, status > 0) ~ 1, data = d, conf.type = ct)
    wr(data.frame(time = f$time, n_risk = f$n.risk, n_event = f$n.event, n_censor = f$n.censor,
                  surv = f$surv, std_err = f$std.err, lower = f$lower, upper = f$upper),
       case, paste0("km-", ct, ".csv"))
    s <- summary(f, times = at, extend = TRUE)
    kmat <- rbind(kmat, data.frame(transform = ct, time = s$time, n_risk = s$n.risk,
                  n_event = s$n.event, n_censor = s$n.censor, surv = s$surv,
                  std_err = s$std.err, lower = s$lower, upper = s$upper))

    g <- survfit(Surv(time, factor(status, levels = 0:K)) ~ 1, data = d, conf.type = ct)
    stopifnot(g$states[1] == "(s0)", length(g$states) == K + 1)
    long <- NULL
    for (k in 0:K) {
      long <- rbind(long, data.frame(time = g$time, state = k, n_risk = g$n.risk[, 1],
                    n_event = g$n.event[, k + 1], n_censor = g$n.censor, p = g$pstate[, k + 1],
                    std_err = g$std.err[, k + 1], lower = g$lower[, k + 1], upper = g$upper[, k + 1]))
    }
    wr(long, case, paste0("ci-", ct, ".csv"))
    s <- summary(g, times = at, extend = TRUE)
    for (k in 0:K) {
      ciat <- rbind(ciat, data.frame(transform = ct, time = s$time, state = k,
                    n_risk = s$n.risk[, 1], n_event = s$n.event[, k + 1], n_censor = s$n.censor,
                    p = s$pstate[, k + 1], std_err = s$std.err[, k + 1],
                    lower = s$lower[, k + 1], upper = s$upper[, k + 1]))
    }
  }
  wr(kmat, case, "km-at.csv")
  f <- survfit(Surv(time, status > 0) ~ 1, data = d)
  m <- NULL
  for (tau in c(12, 24, 36)) {
    tb <- summary(f, rmean = tau)$table
    m <- rbind(m, data.frame(tau = tau, rmean = tb[["rmean"]], se = tb[["se(rmean)"]], median = tb[["median"]]))
  }
  wr(m, case, "km-mean.csv")
  wr(ciat, case, "ci-at.csv")

  sd <- survdiff(Surv(time, status > 0) ~ group, data = d)
  groups <- sub("^group=", "", names(sd$n))
  wr(data.frame(group = groups, n = as.vector(sd$n), obs = sd$obs, exp = sd$exp), case, "logrank.csv")
  v <- sd$var
  wr(data.frame(row = rep(groups, each = length(groups)), col = rep(groups, length(groups)),
                var = as.vector(t(v))), case, "logrank-var.csv")
  df <- sum(sd$exp > 0) - 1
  wr(data.frame(chisq = sd$chisq, df = df, p = sd$pvalue), case, "logrank-test.csv")
}
