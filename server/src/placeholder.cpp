namespace rapport::server {}
