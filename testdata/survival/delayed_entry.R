# delayed_entry.R: the Kaplan–Meier reference for members enrolled from a later session
# (roster from_session j: at risk from session j, i.e. Surv(j - 1, exit, dropped)).
# Run: Rscript delayed_entry.R > delayed_entry.csv  (R 4.2, survival 3.4)
library(survival)
m <- read.csv(text = "
id,from_session,exit,dropped
a,1,8,0
b,1,2,1
c,1,3,1
d,1,8,0
e,1,5,1
f,3,8,0
g,3,4,1
h,4,8,0
i,1,1,1
j,5,6,1
k,1,8,0
l,3,5,1
m,2,2,1
n,6,8,0
")
fit <- survfit(Surv(from_session - 1, exit, dropped) ~ 1, data = m, conf.type = "log-log")
s <- summary(fit, times = 1:8, extend = TRUE, censored = TRUE)
out <- data.frame(session = s$time, n_at_risk = s$n.risk, n_dropped = s$n.event,
                  survival = s$surv, ci_low = s$lower, ci_high = s$upper)
write.csv(format(out, digits = 15), row.names = FALSE, quote = FALSE)
