# Records R's figures for the time to reintegration counted from identification, and the
# length of stay counted from admission, for the cases of care.csv (export date 2026-01-01;
# a stay without a left date is open and censored there). Months are days / 30.436875.
# Run from this folder: Rscript reference.R   (R 4.2.2, survival 3.5.3)
# Writes:
#   from-identification.csv  summary(survfit(Surv(time, factor(status, levels = 0:4)) ~ 1),
#                            times = c(3, 6, 12, 24), extend = TRUE), log transform:
#                            time from identification to the end of care
#   stay.csv                 summary(survfit(Surv(stay, status > 0) ~ 1), same times):
#                            time from admission (the first placement) to the end of care
library(survival)
options(digits = 15)
d <- read.csv("care.csv", colClasses = "character")
extracted <- as.Date("2026-01-01")
end <- ifelse(d$left == "", as.character(extracted), d$left)
d$time <- as.numeric(as.Date(end) - as.Date(d$identified)) / 30.436875
d$stay <- as.numeric(as.Date(end) - as.Date(d$admitted)) / 30.436875
codes <- c(reintegrated = 1, transferred = 2, absconded = 3, other = 4)
d$status <- ifelse(d$reason == "", 0, codes[d$reason])
at <- c(3, 6, 12, 24)
g <- survfit(Surv(time, factor(status, levels = 0:4)) ~ 1, data = d, conf.type = "log")
s <- summary(g, times = at, extend = TRUE)
out <- NULL
for (k in 1:4) {
  out <- rbind(out, data.frame(time = s$time, state = k, n_risk = s$n.risk[, 1], n_event = s$n.event[, k + 1],
                               p = s$pstate[, k + 1], std_err = s$std.err[, k + 1],
                               lower = s$lower[, k + 1], upper = s$upper[, k + 1]))
}
write.csv(out, "from-identification.csv", row.names = FALSE, quote = FALSE)
f <- survfit(Surv(stay, status > 0) ~ 1, data = d, conf.type = "log")
s <- summary(f, times = at, extend = TRUE)
write.csv(data.frame(time = s$time, n_risk = s$n.risk, n_event = s$n.event, surv = s$surv,
                     std_err = s$std.err, lower = s$lower, upper = s$upper),
          "stay.csv", row.names = FALSE, quote = FALSE)
