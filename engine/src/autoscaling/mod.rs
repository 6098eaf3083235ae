//! Amazon EC2 Auto Scaling: groups that launch and terminate instances
//! toward their desired capacity, balancing Availability Zones, with scaling
//! activities (ASUG; F9.7).

pub mod group;
