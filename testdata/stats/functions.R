# functions.R derives the reference values for pipeline/stats: R's qf, pchisq and pnorm on a grid
# of arguments, and survdiff's observed, expected, variance and chi-square for two data sets of
# the survival package (aml: two groups; colon's recurrences: three treatment arms, with ties),
# with the numbers at risk per group and event time that the variance is built from.
# Run from this folder: Rscript functions.R  (writes functions.json; make check-r runs it).
suppressPackageStartupMessages({ library(survival); library(jsonlite) })

quantiles <- expand.grid(p = c(0.025, 0.5, 0.975), df1 = c(1, 2, 5, 29, 199), df2 = c(3, 12, 40, 996))
quantiles$qf <- qf(quantiles$p, quantiles$df1, quantiles$df2)

chisq <- expand.grid(q = c(0, 0.5, 3.84, 12.3, 60), df = c(1, 2, 7, 30))
chisq$upper <- pchisq(chisq$q, chisq$df, lower.tail = FALSE)

normal <- data.frame(z = c(-3, -1.959964, 0, 0.5, 1.644854, 4, 9))
normal$upper <- pnorm(normal$z, lower.tail = FALSE)

# The number at risk in each group (rows, in survdiff's order of the groups) at each event time
# (columns), and the events there, from which the variance is built.
at_risk <- function(time, status, group) {
  times <- sort(unique(time[status == 1]))
  groups <- sort(unique(group))
  list(at_risk = t(sapply(groups, function(g) sapply(times, function(u) sum(time >= u & group == g)))),
       events = sapply(times, function(u) sum(time == u & status == 1)))
}
logrank <- function(formula, data, time, status, group) {
  d <- survdiff(formula, data = data)
  r <- at_risk(time, status, group)
  list(at_risk = unname(r$at_risk), events = r$events,
       observed = as.numeric(d$obs), expected = as.numeric(d$exp),
       variance = unname(d$var), chisq = d$chisq, df = sum(d$exp > 0) - 1,
       p_value = pchisq(d$chisq, sum(d$exp > 0) - 1, lower.tail = FALSE))
}
recurrence <- subset(colon, etype == 1)

out <- list(
  quantiles = quantiles, chisq = chisq, normal = normal,
  logrank = list(aml = logrank(Surv(time, status) ~ x, aml, aml$time, aml$status, aml$x),
                 colon = logrank(Surv(time, status) ~ rx, recurrence, recurrence$time,
                                 recurrence$status, recurrence$rx)),
  r_version = R.version.string, survival_version = as.character(packageVersion("survival"))
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "functions.json")
