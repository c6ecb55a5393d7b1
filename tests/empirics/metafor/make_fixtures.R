# Fixtures for endodec.empirics.meta: R metafor::rma (DL random effects and FE) on the packaged
# learning-rate table (seed 001 Table 12) and a heterogeneous synthetic set.
# Run from the repository root: Rscript tests/empirics/metafor/make_fixtures.R [OUTDIR]
suppressPackageStartupMessages({library(metafor); library(jsonlite)})
args <- commandArgs(trailingOnly = TRUE)
outdir <- if (length(args) >= 1) args[1] else "tests/empirics/metafor"
run <- function(name, yi, se) {
  re <- rma(yi = yi, sei = se, method = "DL")
  fe <- rma(yi = yi, sei = se, method = "FE")
  list(name = name, yi = yi, se = se, Q = re$QE, Qp = re$QEp, I2 = re$I2 / 100, tau2 = re$tau2,
       re = as.numeric(re$beta), re_se = re$se, fe = as.numeric(fe$beta), fe_se = fe$se,
       version = as.character(packageVersion("metafor")))
}
d <- read.csv("src/endodec/data/learning_rates_001.csv")
d <- d[!is.na(d$se), ]
keep <- !grepl("IV, causal", d$product, fixed = TRUE)
out <- list(run("table12_paper_exclusions", d$alpha[keep], d$se[keep]),
            run("table12_all_with_se", d$alpha, d$se),
            run("synthetic_heterogeneous", c(0.1, 0.3, 0.25, 0.5, 0.05), c(0.05, 0.04, 0.06, 0.05, 0.03)))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA), file.path(outdir, "metafor_fixtures.json"))
