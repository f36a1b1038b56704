namespace rapport::client {}
