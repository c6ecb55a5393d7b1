"""The paper's theory: the differential game, learning curves, adoption, cannibalization, calibration."""
