// `node --import ./test/helpers/keep-alive.mjs …` leaves a ten-minute timer that keeps Node's event
// loop alive, as something outside the command might: the command must still exit when it is done.
setTimeout(() => {}, 600_000);
