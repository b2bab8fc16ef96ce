//! The network panel: degree and betweenness per actor, and the shortest path between two.
