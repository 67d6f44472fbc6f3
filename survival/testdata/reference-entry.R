# Delayed entry (left truncation): makes entry-late-care/entry.csv and records R's figures for
# every case folder holding an entry.csv (columns entry, time, status; entry-small is typed by
# hand). Run from this folder: Rscript reference-entry.R   (R 4.2.2, survival 3.5.3)
# Writes, per case:
#   km-log.csv, km-log-log.csv   survfit(Surv(entry, time, status > 0) ~ 1, conf.type = ...)
#                                 one row per distinct time; std_err is fit$std.err (of log S)
#   km-at.csv                     summary(fit, times = c(0, 3, 6, 12, 24), extend = TRUE),
#                                 both transforms; std_err is summary's (of S)
#   km-mean.csv                   summary(fit, rmean = tau)$table for tau 12, 24 and 36
library(survival)
options(digits = 15)
wr <- function(d, case, f) write.csv(d, file.path(case, f), row.names = FALSE, quote = FALSE)

# Time in care in whole and part months: 240 stays of organisations whose records cover the
# whole span (entry 0, censored at the export when open), and the stays a late organisation
# exports: admitted over ten years before its first day, only those still open on that day,
# entered at the months from their admission to that day.
set.seed(5)
n <- 240
t_end <- round(rexp(n, 1 / 11), 1) + 0.1
t_open <- sample(1:40, n, replace = TRUE)
whole <- data.frame(entry = 0, time = pmin(t_end, t_open), status = as.integer(t_end <= t_open))
m <- 400
adm <- runif(m, 0, 120)           # months before the late organisation's first day
len <- ceiling(rexp(m, 1 / 14))   # whole months
open_then <- len > adm
seen <- 24                        # its export: 24 months after its first day
late <- data.frame(entry = round(adm[open_then], 2), time = pmin(len[open_then], round(adm[open_then], 2) + seen),
                   status = as.integer(len[open_then] <= adm[open_then] + seen))
late <- late[late$entry < late$time, ]
write.csv(rbind(whole, late), file.path("entry-late-care", "entry.csv"), row.names = FALSE, quote = FALSE)

at <- c(0, 3, 6, 12, 24)
for (case in dirname(list.files(".", pattern = "^entry.csv$", recursive = TRUE))) {
  d <- read.csv(file.path(case, "entry.csv"), colClasses = c("numeric", "numeric", "integer"))
  kmat <- NULL
  for (ct in c("log", "log-log")) {
    f <- survfit(Surv(entry, time, status > 0) ~ 1, data = d, conf.type = ct)
    wr(data.frame(time = f$time, n_risk = f$n.risk, n_event = f$n.event, n_censor = f$n.censor,
                  surv = f$surv, std_err = f$std.err, lower = f$lower, upper = f$upper),
       case, paste0("km-", ct, ".csv"))
    s <- summary(f, times = at, extend = TRUE)
    kmat <- rbind(kmat, data.frame(transform = ct, time = s$time, n_risk = s$n.risk,
                  n_event = s$n.event, n_censor = s$n.censor, surv = s$surv,
                  std_err = s$std.err, lower = s$lower, upper = s$upper))
  }
  wr(kmat, case, "km-at.csv")
  f <- survfit(Surv(entry, time, status > 0) ~ 1, data = d)
  m <- NULL
  for (tau in c(12, 24, 36)) {
    tb <- summary(f, rmean = tau)$table
    m <- rbind(m, data.frame(tau = tau, rmean = tb[["rmean"]], se = tb[["se(rmean)"]], median = tb[["median"]]))
  }
  wr(m, case, "km-mean.csv")
}
