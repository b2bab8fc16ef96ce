//! The timeline panel (egui_plot): events as points, relationships as bars over time.
